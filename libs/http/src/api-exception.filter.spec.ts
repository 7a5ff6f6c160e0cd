import { toErrorBody } from './api-exception.filter';

describe('toErrorBody', () => {
  it('tells the client to retry (503) when Postgres is unreachable, not that something broke', () => {
    expect(toErrorBody(new Error('Connection terminated unexpectedly'))).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    expect(toErrorBody(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })).statusCode).toBe(503);
  });

  it('keeps anything else unexpected a 500 that leaks nothing', () => {
    expect(toErrorBody(new Error('boom'))).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'internal error' });
  });
});
