// The JSX tags lesson authors may write. The MDX registry (components/mdx/registry.tsx)
// must provide each one; the course index refuses a lesson using any other, so a typo
// fails the build with the file and the line instead of breaking the page.
export const AUTHOR_COMPONENTS = ['Lab', 'Callout', 'Exercise', 'Hint', 'Solution', 'PacketPath'] as const

export type AuthorComponent = (typeof AUTHOR_COMPONENTS)[number]
