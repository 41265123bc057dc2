import type { Services } from '../services';
import type { SourceReader } from '../state';

/**
 * The panels' source store: the active account's SourceStore (src/state). Its watch poll
 * (AccountState) re-reads the sources open panels follow; writes hand it their answers.
 */
export function sourceFeedFor(services: Services): SourceReader {
  return services.state.sources;
}
