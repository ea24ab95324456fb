// The sidebar tests' handler: logs a line (the logs are shown apart from the response), greets, and
// throws when asked to (an Unhandled function error).
export const handler = async (event) => {
  console.log(`greeting ${event.name ?? 'nobody'}`);
  if (event.fail) throw new Error('asked to fail');
  return { message: `Hello, ${event.name ?? 'world'}!` };
};
