import type { Knex } from '@mikro-orm/postgresql';
import { RelationKind, RelationStatus } from '../../shared/enums';
import type { ChildList } from '../../shared/page-per-parent';
import type { Writer } from '../audit/audit.service';
import { onlyVisible } from '../statements/statement.loaders';
import { principalSql, selectStatements } from '../statements/statement.sql';
import type { StatementRelation } from './statement-relation.entity';
import { linkStatements } from './statement-relation.service';

// Machine suggestions of links between statements, by the likeness of their words (pg_trgm trigram similarity,
// GIN-indexed on `statement.text`). They are kept apart from confirmed facts: `similar` is a reading aid, and
// `suggestRelations` stores SUGGESTED links that only count once an editor confirms them.

/** 1000 minus a thousandth-precise trigram similarity of `o`'s text to the parent statement `ps`'s. */
const MISS = '(1000 - round(1000 * similarity(o.text, ps.text)))::int';

/**
 * `Statement.similar`: visible statements whose text is like this one's (trigram similarity at least 0.3,
 * `pg_trgm.similarity_threshold`), most alike first, with the score as `textMiss`.
 */
export const similarStatementsList: ChildList = {
  keys: [
    { column: MISS, property: 'textMiss', type: 'integer' },
    { column: 'o.id', property: 'id', type: 'uuid' },
  ],
  descending: false,
  rows: (db) => similarTo(selectStatements(db, 'o'), 'parent.id').select(db.raw(`${MISS} as "textMiss"`)),
  count: (db) => similarTo(db('statement as o'), 'parent.id'),
};

/** Visible statements `o` worded like the statement `ps` whose id is the SQL `statementId` (a parameter or a column). */
function similarTo(qb: Knex.QueryBuilder, statementId: string, bindings: string[] = []): Knex.QueryBuilder {
  return onlyVisible(
    qb.joinRaw('join statement as ps on o.text % ps.text').whereRaw(`ps.id = ${statementId} and o.id <> ps.id`, bindings),
    'o',
  );
}

/** How alike two texts must be (trigram similarity) for `suggestRelations` to propose a link. */
const SUGGESTION_THRESHOLD = 0.5;
const MAX_SUGGESTIONS = 10;

/**
 * Stores the likely links of a statement as SUGGESTED relations, from it to each statement whose text is at least
 * `SUGGESTION_THRESHOLD` alike and that is not linked to it yet (either way, any kind): REPEATS when both speak
 * for the same principal, SUPPORTS otherwise. Each is written with its revision; an editor confirms
 * (`confirmRelation`) or removes (`unlinkStatements`) them.
 */
export async function suggestRelations(writer: Writer, statementId: string): Promise<StatementRelation[]> {
  const db = writer.em.getKnex();
  const candidates: { id: string; samePrincipal: boolean }[] = await similarTo(
    db('statement as o').select({ id: 'o.id', samePrincipal: db.raw(`${principalSql('o')} = ${principalSql('ps')}`) }),
    '?',
    [statementId],
  )
    .whereRaw('similarity(o.text, ps.text) >= ?', [SUGGESTION_THRESHOLD])
    .whereRaw(
      'not exists (select 1 from statement_relation r where (r.from_id = ps.id and r.to_id = o.id) or (r.from_id = o.id and r.to_id = ps.id))',
    )
    .orderByRaw('similarity(o.text, ps.text) desc, o.id')
    .limit(MAX_SUGGESTIONS);
  return candidates.map((c) =>
    linkStatements(writer, {
      fromId: statementId,
      toId: c.id,
      kind: c.samePrincipal ? RelationKind.REPEATS : RelationKind.SUPPORTS,
      note: 'Suggested by text similarity; confirm or remove it.',
      status: RelationStatus.SUGGESTED,
    }),
  );
}
