import type { EntityManager } from '@mikro-orm/postgresql';

/** Whether `candidate` sits anywhere below `ancestor` in a self-referencing table (events, topics). */
export async function isBelow(em: EntityManager, table: 'event' | 'topic', candidate: string, ancestor: string): Promise<boolean> {
  const rows = await em.execute(
    `with recursive tree as (select id from ${table} where parent_id = ? union select c.id from ${table} c join tree on c.parent_id = tree.id)
     select 1 from tree where id = ?`,
    [ancestor, candidate],
  );
  return rows.length > 0;
}
