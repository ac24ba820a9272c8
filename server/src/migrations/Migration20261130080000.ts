import { Migration } from '@mikro-orm/migrations';

/**
 * Work for the background jobs announces itself: a row in the search outbox, a file waiting for
 * processing or a new import notifies channel `kb_jobs` (delivered at commit, once per
 * transaction and job), so the process running the jobs wakes at once, whichever process or
 * program wrote the row, instead of polling the tables several times a second.
 */
export class Migration20261130080000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create function kb_notify_job() returns trigger language plpgsql as $$ begin perform pg_notify('kb_jobs', tg_argv[0]); return null; end $$;`);
    this.addSql(`create trigger search_outbox_notify after insert on search_outbox for each statement execute function kb_notify_job('search');`);
    this.addSql(`create trigger media_file_notify after insert or update of extraction_status on media_file for each row when (new.extraction_status = 'PENDING') execute function kb_notify_job('files');`);
    this.addSql(`create trigger import_job_notify after insert on import_job for each statement execute function kb_notify_job('imports');`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists import_job_notify on import_job;`);
    this.addSql(`drop trigger if exists media_file_notify on media_file;`);
    this.addSql(`drop trigger if exists search_outbox_notify on search_outbox;`);
    this.addSql(`drop function if exists kb_notify_job();`);
  }
}
