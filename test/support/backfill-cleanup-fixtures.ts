import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { BackfillPartition, CleanupJobProps, IndexedBackfillProps } from '../../src';

/** `count` monthly partitions starting 2025-01 (keys `2025-01`, `2025-02`, ...). */
export function monthlyPartitions(count: number): BackfillPartition[] {
  return Array.from({ length: count }, (_, i) => {
    const year = 2025 + Math.floor(i / 12);
    const month = String((i % 12) + 1).padStart(2, '0');
    return { key: `${year}-${month}`, parameters: { from: `${year}-${month}-01`, ledger: 'general' } };
  });
}

/** The lesson's section 9 backfill: 20 partitions, 5 at a time. Tests override what they are about. */
export function backfillProps(overrides: Partial<IndexedBackfillProps> = {}): IndexedBackfillProps {
  return {
    owner: 'finance-platform',
    runbook: 'https://runbooks.example.com/finance/partitioned-ledger-check',
    maxDownstreamQps: 50,
    completionLedger: 'finance.ledger_check_partitions table',
    partitions: monthlyPartitions(20),
    parallelism: 5,
    container: {
      image: 'registry.example.com/finance/partition-checker:1.9.0',
      resources: { cpu: Cpu.millis(250), memory: Size.mebibytes(256) },
    },
    ...overrides,
  };
}

/** A one-off dry-run cleanup of expired session objects outside Kubernetes. */
export function cleanupProps(overrides: Partial<CleanupJobProps> = {}): CleanupJobProps {
  return {
    owner: 'identity-platform',
    runbook: 'https://runbooks.example.com/identity/expired-session-cleanup',
    maxDownstreamQps: 20,
    auditLocation: 's3://audit-bucket/cleanup/expired-sessions',
    container: {
      image: 'registry.example.com/identity/session-sweeper:3.1.0',
      resources: { cpu: Cpu.millis(100), memory: Size.mebibytes(128) },
    },
    ...overrides,
  };
}
