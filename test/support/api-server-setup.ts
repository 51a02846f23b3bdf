/**
 * Jest setup (setupFilesAfterEnv): after each test file, every manifest its tests passed to
 * expectValidManifests goes through the API-server harness in one run of the binary; a document
 * the API server would reject fails the file with the test's name, field path and message.
 */
import { checkQueuedManifests } from './api-server';

/** Generous: a cold start of the binary on a loaded 2-core machine, with hundreds of documents. */
const CHECK_TIMEOUT_MS = 300_000;

afterAll(() => {
  checkQueuedManifests();
}, CHECK_TIMEOUT_MS);
