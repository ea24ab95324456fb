/** Sample events for a function's event sources, and the events saved beside its template. */
export {
  isSampleEventKind,
  sampleEvent,
  sampleEventKinds,
  sampleEventLabels,
  samplesForFunction,
  describeEventSources,
} from './samples';
export type { EventSourceDescription, SampleEvent, SampleEventKind, SampleParams, TableKey } from './types';
export type { DescribeOptions } from './template-values';
export {
  EventJsonError,
  invalidEventName,
  listSavedEvents,
  parseEventJson,
  readSavedEvent,
  saveEvent,
  savedEventsLocation,
} from './saved';
export type { SaveOptions, SavedEvent, SavedEventsLocation } from './saved';
