import { describe } from 'vitest';
import { clientInHandler } from '../../../src/core/rules/idle/client-in-handler';
import { dedent, runCodeRuleTests } from '../../helpers/code-rule-tester';

describe('idle/client-in-handler', () => {
  runCodeRuleTests(clientInHandler, {
    valid: [
      {
        name: 'JS: SDK v3 client at module scope (idiomatic)',
        code: dedent(`
          const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');
          const s3 = new S3Client({});

          exports.handler = async (event) => {
            const out = await s3.send(new GetObjectCommand({ Bucket: process.env.BUCKET, Key: event.key }));
            return out.ContentLength;
          };
        `),
      },
      {
        name: 'TS: lazily created into a module-level variable',
        path: 'handler.ts',
        code: dedent(`
          import { Pool } from 'pg';
          import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
          let pool: Pool | undefined;
          let dynamo: DynamoDBClient;

          function db(): Pool {
            pool ??= new Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
            return pool;
          }

          export const handler = async (event: { id: string }) => {
            if (!dynamo) dynamo = new DynamoDBClient({});
            return db().query('select 1 where $1', [event.id]);
          };
        `),
      },
      {
        name: 'JS: a module-level cache of clients per region',
        code: dedent(`
          import { S3Client } from '@aws-sdk/client-s3';
          const clients = {};
          export async function handler(event) {
            clients[event.region] ??= new S3Client({ region: event.region });
            return clients[event.region];
          }
        `),
      },
      {
        name: 'JS: commands are built per request (they are not clients)',
        code: dedent(`
          import { PutObjectCommand } from '@aws-sdk/client-s3';
          export const handler = async (event) => new PutObjectCommand({ Bucket: 'b', Key: event.key });
        `),
      },
      {
        name: 'JS: a function the handler does not call',
        code: dedent(`
          const { Pool } = require('pg');
          function makePool() { return new Pool(); }
          const pool = makePool();
          exports.handler = async () => pool.query('select 1');
        `),
      },
      {
        name: 'JS: a local class named like a client is not the SDK',
        code: dedent(`
          class S3Client {}
          exports.handler = async () => new S3Client();
        `),
      },
      {
        name: 'Python: boto3 client at module level (idiomatic)',
        path: 'app.py',
        code: dedent(`
          import boto3

          s3 = boto3.client("s3")


          def lambda_handler(event, context):
              return s3.get_object(Bucket="b", Key=event["key"])
        `),
      },
      {
        name: 'Python: lazily created through global',
        path: 'app.py',
        code: dedent(`
          import psycopg2

          conn = None


          def lambda_handler(event, context):
              global conn
              if conn is None:
                  conn = psycopg2.connect(host="db")
              return conn.cursor().execute("select 1")
        `),
      },
      {
        name: 'Python: a cached factory',
        path: 'app.py',
        code: dedent(`
          import functools
          import boto3


          @functools.lru_cache
          def client(name):
              return boto3.client(name)


          def handler(event, context):
              return client("s3").list_buckets()
        `),
      },
    ],
    invalid: [
      {
        name: 'JS: SDK v3 client in the handler, moved to module scope',
        code: dedent(`
          const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');

          exports.handler = async (event) => {
            const s3 = new S3Client({ region: process.env.AWS_REGION });
            return s3.send(new GetObjectCommand({ Bucket: 'b', Key: event.key }));
          };
        `),
        findings: [{ messageId: 'client', line: 4, column: 14 }],
        output: dedent(`
          const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');

          const s3 = new S3Client({ region: process.env.AWS_REGION });

          exports.handler = async (event) => {
            return s3.send(new GetObjectCommand({ Bucket: 'b', Key: event.key }));
          };
        `),
      },
      {
        name: 'TS: exported function, multi-line client config, comment above the handler stays with it',
        path: 'handler.ts',
        code: dedent(`
          import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
          import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
          const TABLE = process.env.TABLE!;

          /** Reads an order. */
          export async function handler(event: { id: string }): Promise<unknown> {
            const client: DynamoDBClient = new DynamoDBClient({
              maxAttempts: 3,
            });
            const doc = DynamoDBDocumentClient.from(client);
            return doc.send({ TableName: TABLE, Key: { id: event.id } } as never);
          }
        `),
        findings: [
          { messageId: 'client', line: 7, column: 34 },
          { messageId: 'client', line: 10, column: 15 },
        ],
        output: dedent(`
          import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
          import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
          const TABLE = process.env.TABLE!;

          const client: DynamoDBClient = new DynamoDBClient({
            maxAttempts: 3,
          });

          /** Reads an order. */
          export async function handler(event: { id: string }): Promise<unknown> {
            const doc = DynamoDBDocumentClient.from(client);
            return doc.send({ TableName: TABLE, Key: { id: event.id } } as never);
          }
        `),
      },
      {
        name: 'JS: SDK v2 client and a pg pool in a helper the handler calls; the pool reads the event (no fix)',
        code: dedent(`
          const AWS = require('aws-sdk');
          const { Pool } = require('pg');

          async function save(event) {
            const pool = new Pool({ database: event.tenant });
            return pool.query('insert ...');
          }

          exports.handler = async (event) => {
            const sqs = new AWS.SQS();
            await save(event);
            return sqs;
          };
        `),
        findings: [
          { messageId: 'connection', line: 5, column: 16 },
          { messageId: 'client', line: 10, column: 15 },
        ],
        output: dedent(`
          const AWS = require('aws-sdk');
          const { Pool } = require('pg');

          async function save(event) {
            const pool = new Pool({ database: event.tenant });
            return pool.query('insert ...');
          }

          const sqs = new AWS.SQS();

          exports.handler = async (event) => {
            await save(event);
            return sqs;
          };
        `),
      },
      {
        name: 'JS: awaited connection and one inside an if are not moved',
        code: dedent(`
          import { MongoClient } from 'mongodb';
          import mysql from 'mysql2/promise';
          export const handler = async (event) => {
            const db = await mysql.createConnection({ host: 'db' });
            if (event.mongo) {
              const mongo = new MongoClient('mongodb://db');
              return mongo;
            }
            return db;
          };
        `),
        findings: [
          { messageId: 'connection', line: 4, column: 20 },
          { messageId: 'connection', line: 6, column: 19 },
        ],
      },
      {
        name: 'Python: boto3 client in the handler, moved above it (blank lines kept PEP 8)',
        path: 'app.py',
        code: dedent(`
          import os

          import boto3


          def lambda_handler(event, context):
              table = boto3.resource("dynamodb").Table(os.environ["TABLE"])
              sqs = boto3.client("sqs", region_name=os.environ["AWS_REGION"])
              return sqs.send_message(QueueUrl=event["queue"], MessageBody="x"), table
        `),
        findings: [
          { messageId: 'client', line: 7, column: 13 },
          { messageId: 'client', line: 8, column: 11 },
        ],
        output: dedent(`
          import os

          import boto3


          sqs = boto3.client("sqs", region_name=os.environ["AWS_REGION"])


          def lambda_handler(event, context):
              table = boto3.resource("dynamodb").Table(os.environ["TABLE"])
              return sqs.send_message(QueueUrl=event["queue"], MessageBody="x"), table
        `),
      },
      {
        name: 'Python: a database connection in a method the handler runs',
        path: 'app.py',
        code: dedent(`
          import pymysql


          class Repo:
              def __init__(self, host):
                  self.conn = pymysql.connect(host=host)


          def handler(event, context):
              return Repo(event["host"]).conn
        `),
        findings: [{ messageId: 'connection', line: 6, column: 21 }],
      },
      {
        name: 'strict profile makes it an error',
        profile: 'strict',
        code: dedent(`
          import { SNSClient } from '@aws-sdk/client-sns';
          export const handler = async () => {
            if (Math.random()) return new SNSClient({});
          };
        `),
        findings: [{ messageId: 'client', line: 3, column: 29, severity: 'error' }],
      },
    ],
  });
});
