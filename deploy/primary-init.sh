#!/bin/sh
# Lets the streaming replica of docker-compose.yml (profile "scale") copy and follow the primary.
set -e
echo "host replication ${POSTGRES_USER} all scram-sha-256" >> "$PGDATA/pg_hba.conf"
