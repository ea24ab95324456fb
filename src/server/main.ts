/**
 * Entry of the language server bundle: IPC when the extension starts it, stdio with `--stdio`, each
 * through the hardened transport (./transport: bad input is answered, never fatal; a broken frame
 * ends the stream so the client restarts the server).
 */
import { format } from 'node:util';
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { startServer } from './server';
import { hardenedTransport } from './transport';

const transport = hardenedTransport(process.argv.slice(2));
const connection = transport
  ? createConnection(ProposedFeatures.all, transport.reader, transport.writer)
  : createConnection(ProposedFeatures.all);
if (transport?.stdio) {
  // stdout carries the protocol: console output goes to the client's log, as the library does for stdio.
  const log = (...args: unknown[]): void => connection.console.log(format(...args));
  console.log = console.info = console.debug = log;
  console.warn = (...args: unknown[]) => connection.console.warn(format(...args));
  console.error = (...args: unknown[]) => connection.console.error(format(...args));
}
// A bug that escapes a handler (a timer, a promise nobody awaits) is logged, and the server goes on:
// after five crashes in three minutes VS Code stops restarting it, and the workspace is left unchecked.
process.on('uncaughtException', (error) =>
  connection.console.error(`internal error: ${error.stack ?? error}`),
);
process.on('unhandledRejection', (error) =>
  connection.console.error(`internal error: ${(error as Error)?.stack ?? String(error)}`),
);
startServer(connection);
