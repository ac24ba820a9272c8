import { gql } from '@apollo/client';

/** What the import page shows of a job: progress, totals, failed lines and unknown values; registered with the cache (app/apollo.ts). */
export const IMPORT_JOB_FRAGMENT = gql`
  fragment ImportJobView_job on ImportJob {
    id
    fileName
    dryRun
    createMissing
    status
    total
    processed
    created
    updated
    unchanged
    failed
    error
    errors {
      line
      externalId
      field
      reason
    }
    unknownValues {
      field
      value
      lines
      firstLine
      created
    }
  }
`;
