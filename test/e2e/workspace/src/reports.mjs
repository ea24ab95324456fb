export const handler = async () => ({ report: 'daily', generatedAt: new Date().toISOString() });
