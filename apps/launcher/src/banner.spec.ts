import { banner, type BannerInput } from './banner';

const input: BannerInput = {
  demo: true,
  consoleUrl: 'http://localhost:3000',
  ingestUrl: 'http://localhost:3001',
  dispatcherUrl: 'http://localhost:3002',
  services: ['postgres://127.0.0.1:5432/heartkey'],
  deviceListeners: [
    { protocol: 'watch', port: 5093, defaultPort: 5093 },
    { protocol: 'gt06', port: 5023, defaultPort: 5023 },
  ],
};

describe('banner', () => {
  it('names the device protocol ports and how to simulate the demo watch and pendant', () => {
    const text = banner(input);
    expect(text).toContain('3G watch on TCP :5093 · GT06 on TCP :5023');
    expect(text).toMatch(/npm run simulate -- --protocol watch --resident 3 +\(3G watch 8800000003, 张桂芳 Zhang Guifang\)/);
    expect(text).toMatch(/npm run simulate -- --protocol gt06 --resident 4 +\(GT06 865700000000004, 刘长林 Liu Changlin\)/);
    expect(text).toContain('npm run simulate -- --protocol gt06 --resident 4 --type fall');
  });

  it('gives the simulator a port that is not its default, and leaves out a listener that is off', () => {
    const text = banner({ ...input, deviceListeners: [{ protocol: 'gt06', port: 6023, defaultPort: 5023 }] });
    expect(text).toContain('GT06 on TCP :6023');
    expect(text).toContain('--protocol gt06 --resident 4 --port 6023');
    expect(text).not.toContain('--protocol watch');
    expect(text).not.toContain('3G watch on TCP');
  });

  it('shows no demo commands outside the demo', () => {
    const text = banner({ ...input, demo: false });
    expect(text).not.toContain('npm run simulate');
    expect(text).toContain('3G watch on TCP :5093');
  });
});
