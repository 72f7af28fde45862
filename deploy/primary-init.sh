#!/bin/sh
# The primary of docker-compose.yml's "scale" profile, on its first start: lets the streaming replica copy and
# follow it, and puts on the role the session settings the service sends at connection start, which PgBouncer in
# transaction mode does not pass on (README "Running at scale").
set -e
echo "host replication ${POSTGRES_USER} all scram-sha-256" >> "$PGDATA/pg_hba.conf"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
ALTER ROLE ${POSTGRES_USER} SET statement_timeout = '5s';
ALTER ROLE ${POSTGRES_USER} SET max_parallel_workers_per_gather = 0;
ALTER ROLE ${POSTGRES_USER} SET pg_trgm.word_similarity_threshold = 0.5;
ALTER ROLE ${POSTGRES_USER} SET pg_trgm.strict_word_similarity_threshold = 0.5;
SQL
