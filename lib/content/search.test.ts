import { describe, expect, it } from 'vitest'
import { loadCourse } from './course'
import { buildSearchIndex, fold, prepareIndex, search, tokenize } from './search'
import type { SearchIndex } from './search'
import type { Course, Lesson } from './types'

function lessonOf(slug: string, title: string, sections: Lesson['sections'], summary = 'A lesson.'): Lesson {
  return {
    slug,
    title,
    summary,
    chapter: 'C',
    order: 1,
    duration: 5,
    objectives: ['o'],
    file: `content/lessons/${slug}.mdx`,
    hasLab: false,
    toc: [],
    labs: [],
    sections,
  }
}

const course: Course = {
  chapters: [],
  lessons: [
    lessonOf('netpol', 'NetworkPolicy basics', [
      { id: null, heading: null, text: 'Policies select pods.' },
      {
        id: 'dns',
        heading: 'The DNS egress pitfall',
        text: 'A default deny on egress blocks DNS queries to CoreDNS, so names stop resolving.',
      },
      {
        id: 'and-or',
        heading: 'AND or OR',
        text: 'A namespaceSelector and a podSelector in one peer are ANDed.',
      },
    ]),
    lessonOf('services', 'Services and kube-proxy', [
      { id: null, heading: null, text: 'A Service has a ClusterIP.' },
      { id: 'dns-names', heading: 'DNS names', text: 'CoreDNS publishes each Service under cluster.local.' },
      {
        id: 'iptables',
        heading: 'kube-proxy',
        text: 'In iptables mode, kube-proxy DNATs to a pod. Policies see the pod.',
      },
    ]),
    lessonOf('pods', 'One IP per pod', [
      { id: 'model', heading: 'The network model', text: 'Every pod has an IP.' },
    ]),
  ],
}

const index = prepareIndex(buildSearchIndex(course))

describe('tokenize and fold', () => {
  it('splits queries into distinct lowercase terms, keeping Kubernetes names whole', () => {
    expect(tokenize('  DNS  dns, kube-proxy!  app.kubernetes.io/name ')).toEqual([
      'dns',
      'kube-proxy',
      'app.kubernetes.io/name',
    ])
    expect(tokenize(' ... ')).toEqual([])
  })

  it('folds accents and case without changing the length', () => {
    expect(fold('Réseau ÉTÉ')).toBe('reseau ete')
    expect(fold('İx').length).toBe('İx'.length)
  })
})

describe('buildSearchIndex', () => {
  it('holds titles, headings and section text, and nothing else of the lesson', () => {
    const built: SearchIndex = buildSearchIndex(course)
    expect(built.version).toBe(1)
    expect(built.docs[1]).toEqual({
      slug: 'services',
      title: 'Services and kube-proxy',
      chapter: 'C',
      summary: 'A lesson.',
      sections: course.lessons[1]!.sections,
    })
    expect(JSON.parse(JSON.stringify(built))).toEqual(built)
  })

  it('cuts very long sections', () => {
    const long = buildSearchIndex({
      chapters: [],
      lessons: [lessonOf('x', 'X', [{ id: 'a', heading: 'A', text: 'word '.repeat(5000) }])],
    })
    expect(long.docs[0]!.sections[0]!.text.length).toBeLessThanOrEqual(4001)
  })
})

describe('search', () => {
  it('finds nothing for an empty query or an unknown word', () => {
    expect(search(index, '')).toEqual([])
    expect(search(index, '   ')).toEqual([])
    expect(search(index, 'xyzzy')).toEqual([])
  })

  it('ranks a heading match above a body match and links to the section', () => {
    const results = search(index, 'dns')
    expect(results.map((r) => r.href)).toEqual(['/lessons/netpol#dns', '/lessons/services#dns-names'])
    expect(results[0]).toMatchObject({ title: 'NetworkPolicy basics', heading: 'The DNS egress pitfall' })
  })

  it('ranks a title match first', () => {
    expect(search(index, 'services')[0]).toMatchObject({ slug: 'services', href: '/lessons/services' })
  })

  it('requires every term, but not common words', () => {
    expect(search(index, 'dns coredns resolving').map((r) => r.href)).toEqual(['/lessons/netpol#dns'])
    expect(search(index, 'dns nonsense')).toEqual([])
    // "and" and "a" are optional: the query still finds the section
    expect(search(index, 'namespaceSelector and a podSelector')[0]?.href).toBe('/lessons/netpol#and-or')
  })

  it('matches word prefixes and case-insensitively', () => {
    expect(search(index, 'Polic').map((r) => r.slug)).toContain('netpol')
    expect(search(index, 'IPTABLES')[0]?.href).toBe('/lessons/services#iptables')
  })

  it('returns a snippet with the matched terms marked', () => {
    const [r] = search(index, 'coredns')
    expect(r!.snippet).toContain('CoreDNS')
    const marked = r!.highlights.map(([a, b]) => r!.snippet.slice(a, b))
    expect(marked).toEqual(['CoreDNS'])
  })

  it('limits results overall and per lesson', () => {
    expect(search(index, 'pod', { limit: 2 })).toHaveLength(2)
    const perLesson = search(index, 'pod', { perLesson: 1 })
    expect(new Set(perLesson.map((r) => r.slug)).size).toBe(perLesson.length)
  })

  it('searches the real course', () => {
    const real = prepareIndex(buildSearchIndex(loadCourse()))
    expect(search(real, 'namespaceSelector')[0]?.href).toBe(
      '/lessons/networkpolicy-basics#podselector-and-namespaceselector-and-or-or',
    )
    // Several lessons now teach these two; the lesson that introduces each ranks near the top.
    const top3 = (q: string) =>
      search(real, q)
        .slice(0, 3)
        .map((r) => r.slug)
    expect(top3('traceroute')).toContain('one-ip-per-pod')
    expect(top3('endpointslices')).toContain('services-and-kube-proxy')
  })
})
