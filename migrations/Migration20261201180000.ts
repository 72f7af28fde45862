import { Migration } from '@mikro-orm/migrations';

// A statement's search document is written again only when what it is made of changes (its words, language,
// speaker, principal or event), or when a trigger on its surroundings asks by setting it to null
// (Migration20261201160000): a change of attribution status or a version bump no longer recomputes it.
export class Migration20261201180000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`drop trigger statement_search_document on "statement";`);
    this.addSql(`create trigger statement_search_document
      before insert or update of text, language, speaker_id, on_behalf_of_id, event_id, search_document on "statement"
      for each row execute function statement_search_document();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger statement_search_document on "statement";`);
    this.addSql(`create trigger statement_search_document before insert or update on "statement"
      for each row execute function statement_search_document();`);
  }
}
