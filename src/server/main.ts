/** Entry of the language server bundle: IPC when the extension starts it, stdio with `--stdio`. */
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all));
