import createMDX from '@next/mdx'

// Turbopack takes remark/rehype plugins by name, not as functions.
const withMDX = createMDX({
  extension: /\.mdx?$/,
  options: {
    remarkPlugins: ['remark-frontmatter', ['remark-mdx-frontmatter', { name: 'frontmatter' }], 'remark-gfm'],
    rehypePlugins: ['rehype-slug'],
  },
})

/** @type {import('next').NextConfig} */
const config = {
  output: 'standalone',
  pageExtensions: ['ts', 'tsx', 'md', 'mdx'],
  reactStrictMode: true,
  poweredByHeader: false,
  // Separate build folders let several builds (tests, benchmarks) run side by side.
  distDir: process.env.NEXT_DIST_DIR || '.next',
}

export default withMDX(config)
