// Answers with the event it got.
export const handler = async (event) => event;
