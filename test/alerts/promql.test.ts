import { ksmProblems, parsePromQL } from './promql';

// The checker itself must catch what it is there to catch.
describe('PromQL checker', () => {
  test('a valid expression parses without error nodes and lists its selectors', () => {
    const parsed = parsePromQL('time() - max by (namespace, cronjob) (kube_cronjob_status_last_successful_time{namespace="finance", cronjob="x"}) > 60');
    expect(parsed.errors).toBe(0);
    expect(parsed.metrics).toEqual(['kube_cronjob_status_last_successful_time']);
    expect(parsed.matchers).toEqual([
      { metric: 'kube_cronjob_status_last_successful_time', label: 'namespace', value: 'finance' },
      { metric: 'kube_cronjob_status_last_successful_time', label: 'cronjob', value: 'x' },
    ]);
    expect(parsed.groupingLabels).toEqual(['namespace', 'cronjob']);
  });

  test.each([
    ['unbalanced parenthesis', 'max(kube_job_failed{condition="true"}'],
    ['unterminated matcher', 'kube_job_failed{condition="true"'],
    ['dangling operator', 'kube_job_failed >'],
    ['by without aggregation', 'kube_job_failed by (job_name)'],
  ])('a syntax error is found: %s', (_what, expr) => {
    expect(parsePromQL(expr).errors).toBeGreaterThan(0);
  });

  test('the pre-v2 Job label `job` and unknown metrics are reported', () => {
    expect(ksmProblems('kube_job_failed{job="x"} == 1')).toEqual(['kube_job_failed has no label job']);
    expect(ksmProblems('kube_job_status_failure{job_name="x"}')).toEqual(['kube_job_status_failure is not a kube-state-metrics series we verified']);
    expect(ksmProblems('max by (cronjob) (kube_job_failed)')).toEqual(['grouping label cronjob is on none of the series']);
  });
});
