import type { LambdaFunction } from './types';
import { asString } from './values';

/**
 * A function's code folder relative to its template, or undefined when the code is not a local
 * folder: in S3, inline, or a `.zip`/`.jar` archive (SAM uploads those as they are).
 */
export function functionCodeFolder(fn: LambdaFunction): string | undefined {
  const codeUri = fn.props.get('CodeUri');
  if (codeUri) {
    const uri = asString(codeUri.resolved);
    return uri !== undefined && !uri.startsWith('s3://') && !isArchive(uri) ? uri : undefined;
  }
  if (fn.type === 'AWS::Serverless::Function' && !fn.props.has('InlineCode')) return '.';
  // `aws cloudformation package` takes a local folder in place of the Code mapping.
  const code = fn.props.get('Code');
  if (
    fn.type === 'AWS::Lambda::Function' &&
    code?.resolved.kind === 'literal' &&
    typeof code.resolved.value === 'string'
  ) {
    const path = code.resolved.value;
    return path.startsWith('s3://') || isArchive(path) ? undefined : path;
  }
  return undefined;
}

function isArchive(path: string): boolean {
  const lower = path.toLowerCase();
  return lower.endsWith('.zip') || lower.endsWith('.jar');
}
