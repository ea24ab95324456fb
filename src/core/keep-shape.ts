/**
 * One placeholder instance of each class a lint makes objects of, kept for the life of the process.
 *
 * V8 keeps the hidden class ("map") that a constructor's stores lead to only while some object has it:
 * a full garbage collection that finds none (between two lints, once the first result is dropped)
 * discards it, and with it the optimized code of every function that read such objects (deoptimized
 * "for weak objects"). The next lint then starts in slow code and pays to optimize it again. Object
 * literals do not have the problem (their shape is held by the literal's boilerplate); class
 * instances do, so each per-lint class keeps one of its own alive here.
 */
const kept: object[] = [];

/** Keeps `instance` (a placeholder built with the same constructor stores as a real one) alive. */
export function keepShape(instance: object): void {
  kept.push(instance);
}
