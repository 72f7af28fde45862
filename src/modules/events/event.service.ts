import { EventKind, RevisionAction } from '../../shared/enums';
import { AppError, ErrorCode, badInput } from '../../shared/errors';
import { changeWithRevision, recordRevision, removeWithRevision, type Writer } from '../audit/audit.service';
import { assignDefined } from '../../shared/write';
import { isBelow } from '../../shared/tree';
import { Statement } from '../statements/statement.entity';
import { Event } from './event.entity';

export interface EventInput {
  id?: string;
  name: string;
  kind?: EventKind;
  location?: string | null;
  startDate?: string | null;
  endDate?: string | null;
  parentId?: string | null;
  description?: string | null;
  outcome?: string | null;
}

/** Adds an event (talks, a summit, a briefing), optionally as part of a larger one. */
export function createEvent(writer: Writer, input: EventInput): Event {
  checkDates(input.startDate, input.endDate);
  const event = writer.em.create(Event, {
    ...(input.id ? { id: input.id } : {}),
    name: input.name.trim(),
    kind: input.kind ?? EventKind.OTHER,
    location: input.location ?? null,
    startDate: input.startDate ?? null,
    // Left out, a one-day event; null, one that has not ended or whose end is not known.
    endDate: (input.endDate === undefined ? input.startDate : input.endDate) ?? null,
    parent: input.parentId ? writer.em.getReference(Event, input.parentId) : null,
    description: input.description?.trim() || null,
    outcome: input.outcome?.trim() || null,
  });
  recordRevision(writer, 'Event', event, RevisionAction.CREATE, null);
  return event;
}

/**
 * The last day cannot come before the first. On an update only one side may be sent: it is compared with the
 * stored other side, and the error names the side that was sent.
 */
function checkDates(start: string | null | undefined, end: string | null | undefined, field: 'startDate' | 'endDate' = 'endDate'): void {
  if (start && end && end < start) {
    throw badInput(
      field,
      field === 'endDate'
        ? `endDate: the last day (${end}) cannot come before the first (${start}).`
        : `startDate: the first day (${start}) cannot come after the last (${end}); change endDate as well.`,
    );
  }
}

/** Changes an event; the caller has checked the version and resolved the parent. */
export async function updateEvent(writer: Writer, event: Event, changes: Partial<EventInput>): Promise<Event> {
  if (changes.parentId && (changes.parentId === event.id || (await isBelow(writer.em, 'event', changes.parentId, event.id)))) {
    throw badInput('parentId', 'An event cannot be part of itself or of one of its own parts.');
  }
  checkDates(
    changes.startDate === undefined ? event.startDate : changes.startDate,
    changes.endDate === undefined ? event.endDate : changes.endDate,
    changes.endDate === undefined ? 'startDate' : 'endDate',
  );
  return changeWithRevision(writer, 'Event', event, () => {
    assignDefined(event, {
      name: changes.name?.trim(),
      kind: changes.kind,
      location: changes.location,
      startDate: changes.startDate,
      endDate: changes.endDate,
      description: changes.description === undefined ? undefined : changes.description?.trim() || null,
      outcome: changes.outcome === undefined ? undefined : changes.outcome?.trim() || null,
      parent:
        changes.parentId === undefined
          ? undefined
          : changes.parentId
            ? writer.em.getReference(Event, changes.parentId, { wrapped: true })
            : null,
    });
  });
}

/** Deletes an event with no parts and no statements. */
export async function deleteEvent(writer: Writer, event: Event): Promise<void> {
  const parts = await writer.em.count(Event, { parent: event });
  const statements = await writer.em.count(Statement, { event });
  if (parts || statements) {
    throw new AppError(
      ErrorCode.CONFLICT,
      `Cannot delete "${event.name}": ${parts} event(s) are part of it and ${statements} statement(s) were made at it.`,
      {
        field: 'id',
      },
    );
  }
  await removeWithRevision(writer, 'Event', event);
}
