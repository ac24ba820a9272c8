import { Migration } from '@mikro-orm/migrations';

/**
 * API tokens within the policy maximums (TOKEN_LIMITS: 365 days from issue, 50 000 an hour): tokens
 * issued under the old limits (3650 days, 1 000 000) are brought within them.
 */
export class Migration20261123090000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`update "api_token" set "expires_at" = least("expires_at", "created_at" + interval '365 days'), "budget_per_hour" = least("budget_per_hour", 50000) where "expires_at" > "created_at" + interval '365 days' or "budget_per_hour" > 50000;`);
  }

  override async down(): Promise<void> {
    // The old terms are not kept: shortened tokens stay shortened.
  }
}
