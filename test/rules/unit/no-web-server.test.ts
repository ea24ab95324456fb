import { describe } from 'vitest';
import { noWebServer } from '../../../src/core/rules/unit/no-web-server';
import { dedent, runCodeRuleTests } from '../../helpers/code-rule-tester';

describe('unit/no-web-server', () => {
  runCodeRuleTests(noWebServer, {
    valid: [
      {
        name: 'JS: a plain API Gateway handler',
        code: dedent(`
          exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ path: event.rawPath }) });
        `),
      },
      {
        name: 'JS: listen only when run directly (local development)',
        code: dedent(`
          const express = require('express');
          const app = express();
          if (require.main === module) app.listen(3000);
          module.exports = { app };
        `),
      },
      {
        name: 'JS: listen/run on things that are not servers',
        code: dedent(`
          const emitter = new (require('events'))();
          exports.handler = async () => { emitter.listen?.(); return { run: () => 1 }.run(); };
        `),
      },
      {
        name: "Python: Flask app.run() under if __name__ == '__main__'",
        path: 'app.py',
        code: dedent(`
          from flask import Flask

          app = Flask(__name__)

          if __name__ == "__main__":
              app.run(debug=True)
        `),
      },
    ],
    invalid: [
      {
        name: 'JS: express app.listen and http.createServer().listen',
        code: dedent(`
          const express = require('express');
          const http = require('node:http');
          const app = express();
          app.listen(3000);
          http.createServer(app).listen(8080);
        `),
        findings: [
          { messageId: 'listen', line: 4, column: 1 },
          { messageId: 'listen', line: 5, column: 1 },
        ],
      },
      {
        name: 'JS: serverless-http wrapping an express app',
        code: dedent(`
          import serverless from 'serverless-http';
          import express from 'express';
          const app = express();
          app.get('/orders', (req, res) => res.json([]));
          export const handler = serverless(app);
        `),
        findings: [{ messageId: 'adapter', line: 5, column: 24 }],
      },
      {
        name: 'TS: @codegenie/serverless-express and a server variable',
        path: 'handler.ts',
        code: dedent(`
          import serverlessExpress from '@codegenie/serverless-express';
          import { createServer } from 'node:http';
          const server = createServer();
          server.listen(3000);
          export const handler = serverlessExpress({ app: server });
        `),
        findings: [
          { messageId: 'listen', line: 4, column: 1 },
          { messageId: 'adapter', line: 5, column: 24 },
        ],
      },
      {
        name: 'Python: Mangum and uvicorn.run',
        path: 'app.py',
        code: dedent(`
          import uvicorn
          from fastapi import FastAPI
          from mangum import Mangum

          app = FastAPI()
          handler = Mangum(app)
          uvicorn.run(app, port=8000)
        `),
        findings: [
          { messageId: 'adapter', line: 6, column: 11 },
          { messageId: 'listen', line: 7, column: 1 },
        ],
      },
      {
        name: 'Python: Flask app.run() at module level',
        path: 'app.py',
        code: dedent(`
          from flask import Flask

          app = Flask(__name__)
          app.run(host="0.0.0.0")
        `),
        findings: [{ messageId: 'listen', line: 4, column: 1 }],
      },
    ],
  });
});
