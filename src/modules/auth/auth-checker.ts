import type { AuthCheckerInterface, ResolverData } from 'type-graphql';
import type { Context } from '../../context';
import { AppError, ErrorCode } from '../../shared/errors';
import { hasRole, type Role } from './role';

/**
 * type-graphql's `@Authorized(Role.EDITOR)` next to each mutation declares who may call it; this checks it.
 * Missing or bad keys are UNAUTHENTICATED, a key whose role is too low is FORBIDDEN.
 */
export class RoleAuthChecker implements AuthCheckerInterface<Context, Role> {
  async check({ context }: ResolverData<Context>, roles: Role[]): Promise<boolean> {
    const viewer = await context.viewer();
    if (!viewer) {
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'This operation needs an API key: send "Authorization: Bearer <key>".');
    }
    const required = roles[0];
    if (required && !hasRole(viewer.role, required)) {
      throw new AppError(ErrorCode.FORBIDDEN, `This operation needs a key with role ${required}; "${viewer.name}" is ${viewer.role}.`, {
        requiredRole: required,
      });
    }
    return true;
  }
}
