import { registerEnumType } from 'type-graphql';

/** What an API key may do. Each role includes the ones before it. */
export enum Role {
  READER = 'READER',
  EDITOR = 'EDITOR',
  ADMIN = 'ADMIN',
}

const RANK: Record<Role, number> = { [Role.READER]: 1, [Role.EDITOR]: 2, [Role.ADMIN]: 3 };
export const hasRole = (actual: Role, required: Role): boolean => RANK[actual] >= RANK[required];

registerEnumType(Role, {
  name: 'Role',
  description: 'What an API key may do.',
  valuesConfig: {
    READER: { description: 'Read, where a deployment closes reads to the public.' },
    EDITOR: { description: 'Read, add and correct records.' },
    ADMIN: { description: 'Everything, including deleting statements.' },
  },
});
