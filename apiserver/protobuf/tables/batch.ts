// Field tables for batch/v1 Job and CronJob (kubectl create job/cronjob POST them as protobuf).
// Numbers from staging/src/k8s.io/api/batch/v1/generated.proto. podFailurePolicy and
// successPolicy are not described and are skipped like unknown fields.

import type { TableSource } from './source.js';

export const batchTables: TableSource = {
  Job: { 1: 'metadata:ObjectMeta', 2: 'spec:JobSpec' },
  JobSpec: {
    1: 'parallelism:int32?',
    2: 'completions:int32?',
    3: 'activeDeadlineSeconds:int64?',
    7: 'backoffLimit:int32?',
    12: 'backoffLimitPerIndex:int32?',
    13: 'maxFailedIndexes:int32?',
    4: 'selector:LabelSelector?',
    5: 'manualSelector:bool?',
    6: 'template:PodTemplateSpec',
    8: 'ttlSecondsAfterFinished:int32?',
    9: 'completionMode?',
    10: 'suspend:bool?',
    14: 'podReplacementPolicy?',
    15: 'managedBy?',
  },
  JobTemplateSpec: { 1: 'metadata:ObjectMeta', 2: 'spec:JobSpec' },
  CronJob: { 1: 'metadata:ObjectMeta', 2: 'spec:CronJobSpec' },
  CronJobSpec: {
    1: 'schedule',
    8: 'timeZone?',
    2: 'startingDeadlineSeconds:int64?',
    3: 'concurrencyPolicy',
    4: 'suspend:bool?',
    5: 'jobTemplate:JobTemplateSpec',
    6: 'successfulJobsHistoryLimit:int32?',
    7: 'failedJobsHistoryLimit:int32?',
  },
};
