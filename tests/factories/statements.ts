import type { MikroORM } from '@mikro-orm/postgresql';
import { RelationKind, RelationStatus, SourceKind, Stance, StatementKind } from '../../src/shared/enums';
import { createClaim, setPosition } from '../../src/modules/claims/claim.service';
import { linkStatements } from '../../src/modules/relations/statement-relation.service';
import { createSource } from '../../src/modules/sources/source.service';
import { createOrganization, createPerson } from '../../src/modules/speakers/speaker.service';
import { createStatement } from '../../src/modules/statements/statement.service';

export interface DebateOptions {
  /** How many statements; half argue for the claim, half against, and each cites its own source. */
  statements: number;
  date?: string;
  speakerName?: string;
}

/**
 * A synthetic debate: one publisher, two speakers, one claim; statements alternate sides, each with a citation,
 * and every odd statement is linked as CONTRADICTS to the one before. Written through the same services as
 * everything else.
 */
export async function createDebate(orm: MikroORM, options: DebateOptions): Promise<{ speakerIds: string[]; claimId: string }> {
  return orm.em.fork().transactional(async (em) => {
    const writer = { em, actor: 'test' };
    const publisher = createOrganization(writer, { name: `Test Gazette ${Math.random()}` });
    const speakers = [
      createPerson(writer, { name: `${options.speakerName ?? 'Debater'} A` }),
      createPerson(writer, { name: `${options.speakerName ?? 'Debater'} B` }),
    ];
    const claimId = await createClaim(writer, { text: 'Synthetic claim under debate' });
    let previous: string | undefined;
    for (let i = 0; i < options.statements; i++) {
      const source = await createSource(writer, {
        title: `Report ${i}`,
        url: `https://example.org/report/${i}-${Math.random().toString(36).slice(2)}`,
        publisherId: publisher.id,
        publishedOn: options.date ?? '2024-03-01',
        kind: SourceKind.ARTICLE,
      });
      const statementId = await createStatement(writer, {
        text: `Synthetic statement number ${i}`,
        kind: StatementKind.PARAPHRASE,
        speakerId: speakers[i % 2].id,
        saidOn: { date: options.date ?? '2024-03-01' },
        citations: [{ sourceId: source.id, excerpt: `Excerpt ${i}`, isPrimary: true }],
      });
      setPosition(writer, { statementId, claimId, stance: i % 2 ? Stance.DENIES : Stance.ASSERTS });
      if (previous && i % 2) {
        linkStatements(writer, { fromId: statementId, toId: previous, kind: RelationKind.CONTRADICTS, status: RelationStatus.CONFIRMED });
      }
      previous = statementId;
    }
    return { speakerIds: speakers.map((s) => s.id), claimId };
  });
}
