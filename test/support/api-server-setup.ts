/**
 * Jest setup (setupFilesAfterEnv): every chart a test synthesizes is captured with its target
 * version (api-server-queue.ts) and, after the test, checked by the API-server harness; a
 * document the API server would reject fails that test (an afterEach error belongs to the test,
 * so JUnit and the run's `N passed, N failed` count it) with the chart, the versions, the field
 * path and the API server's message.
 */
import { captureChartSyntheses, checkQueuedSyntheses } from './api-server-queue';

/** Generous: a cold start of the binary on a loaded 2-core machine, with hundreds of documents. */
const CHECK_TIMEOUT_MS = 300_000;

captureChartSyntheses();

afterEach(() => {
  checkQueuedSyntheses();
}, CHECK_TIMEOUT_MS);

// A chart synthesized in a describe body after the file's last test, or in an afterAll hook, has
// no test left to fail; Jest reports an afterAll error as a failure of the whole file.
afterAll(() => {
  checkQueuedSyntheses();
}, CHECK_TIMEOUT_MS);
