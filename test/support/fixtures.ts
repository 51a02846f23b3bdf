import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { MigrationJobProps, ReconciliationCronJobProps } from '../../src';

/** Minimal valid props: each test overrides only what it is about. */
export function reconciliationProps(overrides: Partial<ReconciliationCronJobProps> = {}): ReconciliationCronJobProps {
  return {
    schedule: '15 1 * * *',
    owner: 'finance-platform',
    runbook: 'https://runbooks.example.com/finance/ledger-reconciliation',
    maxDownstreamQps: 50,
    idempotencyKey: 'ledger-reconciliation:{businessDate}',
    completionLedger: 'finance.reconciliation_runs',
    container: {
      image: 'registry.example.com/finance/reconciler:2026.07.01',
      resources: { cpu: Cpu.millis(500), memory: Size.mebibytes(512) },
    },
    ...overrides,
  };
}

export function migrationProps(overrides: Partial<MigrationJobProps> = {}): MigrationJobProps {
  return {
    targetVersion: '2026_07_01_001',
    approval: { changeRef: 'CHG-2026-0701', approvedBy: 'orders-dba-oncall' },
    owner: 'orders-platform',
    runbook: 'https://runbooks.example.com/orders/schema-migration',
    maxDownstreamQps: 20,
    container: {
      image: 'registry.example.com/orders/migrator:2026.07.01',
      resources: { cpu: Cpu.millis(250), memory: Size.mebibytes(256) },
    },
    ...overrides,
  };
}
