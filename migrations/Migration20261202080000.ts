import { Migration } from '@mikro-orm/migrations';

// Name lookups now write `name_keys %> name_key(?)` (the keys first, as the trigram index reads them) rather than
// `name_key(?) <% name_keys`, which PostgreSQL checked once more after the index (Migration20261201173000 priced
// `<%` at its cost). The commutator's function gets the same price, or PostgreSQL reads all 10,000 speakers
// (52 ms) instead of looking them up. Where the extension belongs to another role, the change is skipped with a
// notice.
export class Migration20261202080000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`do $$ begin
      alter function word_similarity_commutator_op(text, text) cost 100;
    exception when insufficient_privilege then
      raise notice 'word_similarity_commutator_op keeps its cost: %', sqlerrm;
    end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`do $$ begin
      alter function word_similarity_commutator_op(text, text) cost 1;
    exception when insufficient_privilege then
      raise notice 'word_similarity_commutator_op keeps its cost: %', sqlerrm;
    end $$;`);
  }
}
