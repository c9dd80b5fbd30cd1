// NUL characters in input. PostgreSQL refuses them in text (SQLite stores them), so the
// route layer stops any request carrying one before a query sees it.

/**
 * The first string (value or key) in `value` holding a NUL character, as a zod-style path.
 * Iterative, with parent links, so that a deeply nested body costs
 * neither the stack nor a path string per node.
 */
export function findNul(value: unknown): PropertyKey[] | undefined {
  type Node = { value: unknown; key?: PropertyKey; parent?: Node }
  const pathOf = (n: Node | undefined) => {
    const out: PropertyKey[] = []
    for (; n && n.key !== undefined; n = n.parent) out.unshift(n.key)
    return out
  }
  const stack: Node[] = [{ value }]
  while (stack.length) {
    const node = stack.pop()!
    const v = node.value
    if (typeof v === 'string') {
      if (v.includes('\0')) return pathOf(node)
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: i, parent: node })
    } else if (v && typeof v === 'object') {
      const entries = Object.entries(v)
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, x] = entries[i]!
        if (k.includes('\0')) return [...pathOf(node), k]
        stack.push({ value: x, key: k, parent: node })
      }
    }
  }
  return undefined
}
