import { EventKind, RevisionAction } from '../../shared/enums';
import { recordRevision, type Writer } from '../audit/audit.service';
import { Event } from './event.entity';

export interface EventInput {
  id?: string;
  name: string;
  kind?: EventKind;
  location?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  parentId?: string | null;
}

/** Adds an event (talks, a summit, a briefing), optionally as part of a larger one. */
export function createEvent(writer: Writer, input: EventInput): Event {
  const event = writer.em.create(Event, {
    ...(input.id ? { id: input.id } : {}),
    name: input.name.trim(),
    kind: input.kind ?? EventKind.OTHER,
    location: input.location ?? null,
    startDate: input.startDate ?? null,
    endDate: input.endDate ?? input.startDate ?? null,
    parent: input.parentId ? writer.em.getReference(Event, input.parentId) : null,
  });
  recordRevision(writer, 'Event', event, RevisionAction.CREATE, null);
  return event;
}
