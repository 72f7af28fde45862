import type { ApolloServerPlugin } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  GraphQLError,
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  type DocumentNode,
  type GraphQLOutputType,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { ErrorCode } from './errors';
import { DEFAULT_PAGE_SIZE } from './pagination';

/** What one query may ask for; every figure is configurable (see config.ts and the README). */
export interface QueryLimits {
  maxCost: number;
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
}

/**
 * How many items a list field without a page size is assumed to hold. Such lists (a statement's citations, a
 * speaker's aliases) are capped when written, so this is a fair average, not a bound.
 */
export const PLAIN_LIST_SIZE = 10;

/** A `count(*)` over the matching rows costs more than reading one field. */
const TOTAL_COUNT_COST = 5;

const refusal = (code: ErrorCode, message: string, figures: Record<string, number>): GraphQLError =>
  new GraphQLError(message, { extensions: { code, ...figures, http: { status: 400 } } });

/**
 * graphql-armor's depth, alias and directive rules, reporting a refusal with our code and the figures (its own
 * error carries them only in its message). Fragments are expanded before counting.
 */
export function limitRules(limits: QueryLimits): ValidationRule[] {
  const report =
    (code: ErrorCode, what: string, key: string, max: number) =>
    (context: ValidationContext | null, error: GraphQLError): void => {
      const found = Number(/found (\d+)/.exec(error.message)?.[1] ?? NaN);
      context?.reportError(refusal(code, `This query has ${found} ${what}; at most ${max} are allowed.`, { [key]: found, max }));
    };
  const common = { exposeLimits: true, propagateOnRejection: false };
  return [
    maxDepthRule({
      ...common,
      n: limits.maxDepth,
      flattenFragments: true,
      // Introspection counts too: a circular __type query is as deep as any other.
      ignoreIntrospection: false,
      onReject: [report(ErrorCode.DEPTH_LIMIT_EXCEEDED, 'levels of nesting', 'depth', limits.maxDepth)],
    }),
    maxAliasesRule({
      ...common,
      n: limits.maxAliases,
      onReject: [report(ErrorCode.ALIAS_LIMIT_EXCEEDED, 'aliases', 'aliases', limits.maxAliases)],
    }),
    maxDirectivesRule({
      ...common,
      n: limits.maxDirectives,
      onReject: [report(ErrorCode.DIRECTIVE_LIMIT_EXCEEDED, 'directives', 'directives', limits.maxDirectives)],
    }),
  ];
}

const isConnection = (type: GraphQLOutputType): boolean => {
  const named = getNamedType(type);
  return isObjectType(named) && named.name.endsWith('Connection') && 'edges' in named.getFields();
};

const isList = (type: GraphQLOutputType): boolean => isListType(isNonNullType(type) ? type.ofType : type);

/**
 * The price of one field. A page multiplies the price of what each item asks for by the page size the client
 * requested (`first`/`last`, or the default), so nested pages multiply: 100 statements, each with 100
 * counter-claims, each with its speaker, costs about 100 × 100 × 2. graphql-query-complexity's own estimators
 * read a fixed multiplier or per-field annotations; this one reads the Relay arguments of every connection
 * without annotating each field.
 */
export const pageAwareEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (field.name === 'totalCount') return TOTAL_COUNT_COST;
  // A field that can answer a large value (an archived text) says what it costs (`@Extensions({ cost })`).
  const own = (field.extensions as { cost?: unknown } | undefined)?.cost;
  if (typeof own === 'number') return own + childComplexity;
  const requested = [args.first, args.last].find((n) => typeof n === 'number' && n >= 0) as number | undefined;
  if (isConnection(field.type)) return 1 + (requested ?? DEFAULT_PAGE_SIZE) * childComplexity;
  // A connection's `edges` list is already counted by the connection's page size.
  if (field.name === 'edges') return childComplexity;
  if (isList(field.type)) {
    const size = requested ?? (Array.isArray(args.ids) ? args.ids.length : PLAIN_LIST_SIZE);
    return 1 + size * Math.max(childComplexity, 1);
  }
  return 1 + childComplexity;
};

/**
 * What a query's cost can depend on in its variables: numbers (page sizes), booleans (`@include`/`@skip`) and
 * list lengths (`ids`). Strings (cursors, IDs, search words) are blanked, so one query paged with new cursors
 * is priced once.
 */
const costShape = (variables: Record<string, unknown>): string =>
  JSON.stringify(variables, (_key, value: unknown) => (typeof value === 'string' ? '' : value));

/**
 * Computes a query's cost once its document and variables are known (variables such as `$first` change it),
 * before anything executes, and refuses it with HTTP 400 above the limit. Apollo reuses one parsed document per
 * query text, so costs are kept per document and variable shape.
 */
export function costLimitPlugin(maxCost: number): ApolloServerPlugin {
  const known = new WeakMap<DocumentNode, Map<string, number>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          const variables = request.variables ?? {};
          const shape = `${request.operationName ?? ''}:${costShape(variables)}`;
          const costs = known.get(document) ?? new Map<string, number>();
          let cost = costs.get(shape);
          if (cost === undefined) {
            try {
              cost = getComplexity({
                schema,
                query: document,
                variables,
                operationName: request.operationName ?? undefined,
                estimators: [pageAwareEstimator],
              });
            } catch {
              // Variables that do not fit their types: execution reports them with the right message.
              return;
            }
            // A bounded memory per document: variable shapes are few for a real client.
            if (costs.size < 100) costs.set(shape, cost);
            known.set(document, costs);
          }
          if (cost > maxCost) {
            throw refusal(
              ErrorCode.COST_LIMIT_EXCEEDED,
              `This query would cost ${cost.toLocaleString('en')} points; at most ${maxCost.toLocaleString('en')} are allowed. ` +
                'Ask for smaller pages (`first`), fewer nested lists, or use /export for bulk data.',
              { cost, max: maxCost },
            );
          }
        },
      };
    },
  };
}
