import { Migration } from '@mikro-orm/migrations';

export class Migration20261201073206 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "api_key" add column "rate_limit" int null;`);
    this.addSql(`alter table "api_key" add constraint api_key_rate_limit_positive check(rate_limit > 0);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "api_key" drop constraint api_key_rate_limit_positive;`);
    this.addSql(`alter table "api_key" drop column "rate_limit";`);
  }

}
