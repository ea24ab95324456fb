/** Moved to the core, which the language server shares; kept until every caller imports it from there. */
export * from '../core/discover';
