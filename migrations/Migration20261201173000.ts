import { Migration } from '@mikro-orm/migrations';

// Name lookups (`nameMatches`: `name_key(?) <% name_keys`) cost 50 ms on 10,000 speakers when PostgreSQL read the
// speaker table whole: it prices pg_trgm's word-similarity operator like an equality, though each call compares
// every trigram of both texts (about 5 µs). Priced at its cost, the GIN trigram index is used: 5 ms. Where the
// extension belongs to another role (a managed database), the change is skipped with a notice.
export class Migration20261201173000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`do $$ begin
      alter function word_similarity_op(text, text) cost 100;
    exception when insufficient_privilege then
      raise notice 'word_similarity_op keeps its cost: %', sqlerrm;
    end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`do $$ begin
      alter function word_similarity_op(text, text) cost 1;
    exception when insufficient_privilege then
      raise notice 'word_similarity_op keeps its cost: %', sqlerrm;
    end $$;`);
  }
}
