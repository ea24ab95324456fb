import { randomUUID } from 'node:crypto';

// Validates an order and returns its id; the real app would write it to DynamoDB and the queue.
export const handler = async (event) => {
  const order = JSON.parse(event.body ?? '{}');
  if (!Array.isArray(order.items) || order.items.length === 0) {
    return { statusCode: 400, body: JSON.stringify({ message: 'an order needs items' }) };
  }
  return { statusCode: 201, body: JSON.stringify({ id: randomUUID(), items: order.items.length }) };
};
