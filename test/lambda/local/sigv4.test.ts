/**
 * The SigV4 verifier on AWS's published test vectors (get-vanilla, get-vanilla-query-order-key-case)
 * and on the ways a request can be wrong. The SDK and CLI tests cover signatures made by real clients.
 */
import { describe, expect, it } from 'vitest';
import {
  type SignedRequest,
  generateCredentials,
  sha256Hex,
  verifySignature,
} from '../../../src/lambda/local/sigv4';

const CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const SIGNED_AT = Date.UTC(2015, 7, 30, 12, 36, 0);
const SCOPE = 'AKIDEXAMPLE/20150830/us-east-1/service/aws4_request';

function vector(target: string, signature: string, extra: Partial<SignedRequest> = {}): SignedRequest {
  return {
    method: 'GET',
    target,
    bodySha256: sha256Hex(''),
    rawHeaders: [
      'Host',
      'example.amazonaws.com',
      'X-Amz-Date',
      '20150830T123600Z',
      'Authorization',
      `AWS4-HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=host;x-amz-date, Signature=${signature}`,
    ],
    ...extra,
  };
}

const VANILLA = vector('/', '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
const QUERY_ORDER = vector(
  '/?Param2=value2&Param1=value1',
  'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500',
);
const verify = (request: SignedRequest, now = SIGNED_AT) =>
  verifySignature(request, CREDENTIALS, { now, service: 'service' });

describe('verifySignature', () => {
  it("accepts AWS's test vectors", () => {
    expect(verify(VANILLA)).toEqual({ ok: true });
    expect(verify(QUERY_ORDER)).toEqual({ ok: true });
  });

  it('refuses a request whose method, path, query, headers or body changed after signing', () => {
    const mismatch = { ok: false, errorType: 'InvalidSignatureException' };
    expect(verify({ ...VANILLA, method: 'POST' })).toMatchObject(mismatch);
    expect(verify({ ...VANILLA, target: '/other' })).toMatchObject(mismatch);
    expect(verify({ ...QUERY_ORDER, target: '/?Param2=value2&Param1=value3' })).toMatchObject(mismatch);
    expect(verify({ ...VANILLA, bodySha256: sha256Hex('{}') })).toMatchObject(mismatch);
    const otherHost = [...VANILLA.rawHeaders];
    otherHost[1] = 'evil.example.com';
    expect(verify({ ...VANILLA, rawHeaders: otherHost })).toMatchObject(mismatch);
  });

  it('refuses another secret and an unknown access key', () => {
    expect(
      verifySignature(
        VANILLA,
        { ...CREDENTIALS, secretAccessKey: 'x' },
        { now: SIGNED_AT, service: 'service' },
      ),
    ).toMatchObject({
      ok: false,
      errorType: 'InvalidSignatureException',
    });
    expect(
      verifySignature(VANILLA, generateCredentials(), { now: SIGNED_AT, service: 'service' }),
    ).toMatchObject({
      ok: false,
      errorType: 'UnrecognizedClientException',
    });
  });

  it('refuses requests signed more than 15 minutes away from now', () => {
    const minute = 60_000;
    expect(verify(VANILLA, SIGNED_AT + 14 * minute)).toEqual({ ok: true });
    expect(verify(VANILLA, SIGNED_AT + 16 * minute)).toMatchObject({
      ok: false,
      errorType: 'InvalidSignatureException',
      message: expect.stringMatching(/^Signature expired: 20150830T123600Z is now earlier than/),
    });
    expect(verify(VANILLA, SIGNED_AT - 16 * minute)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Signature not yet current/),
    });
  });

  it('refuses unsigned requests, other services and signatures that leave out Host', () => {
    const unsigned = { ...VANILLA, rawHeaders: VANILLA.rawHeaders.slice(0, 4) };
    expect(verify(unsigned)).toMatchObject({ ok: false, errorType: 'MissingAuthenticationTokenException' });
    expect(verifySignature(VANILLA, CREDENTIALS, { now: SIGNED_AT })).toMatchObject({
      ok: false,
      errorType: 'IncompleteSignatureException',
    });
    const noHost = [...VANILLA.rawHeaders];
    noHost[5] = noHost[5].replace('SignedHeaders=host;x-amz-date', 'SignedHeaders=x-amz-date');
    expect(verify({ ...VANILLA, rawHeaders: noHost })).toMatchObject({
      ok: false,
      errorType: 'InvalidSignatureException',
    });
  });
});

describe('generateCredentials', () => {
  it('makes fresh credentials shaped like AWS keys', () => {
    const a = generateCredentials();
    const b = generateCredentials();
    expect(a.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(a.secretAccessKey).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(a.accessKeyId).not.toBe(b.accessKeyId);
    expect(a.secretAccessKey).not.toBe(b.secretAccessKey);
  });
});
