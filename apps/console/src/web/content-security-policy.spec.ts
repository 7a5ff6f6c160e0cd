import { contentSecurityPolicy } from './spa-routes';

describe('contentSecurityPolicy', () => {
  const imgSrc = (policy: string) => policy.split('; ').find((d) => d.startsWith('img-src'));

  it('allows images from the page itself only, without a tile server', () => {
    expect(imgSrc(contentSecurityPolicy())).toBe("img-src 'self' data:");
  });

  it("adds the tile server's origin, every subdomain for a {s} template", () => {
    expect(imgSrc(contentSecurityPolicy('https://tiles.example.cn/{z}/{x}/{y}.png'))).toBe("img-src 'self' data: https://tiles.example.cn");
    expect(imgSrc(contentSecurityPolicy('https://{s}.tiles.example.cn/{z}/{x}/{y}.png'))).toBe("img-src 'self' data: https://*.tiles.example.cn");
  });
});
