// The cheat sheet's recipes: server-rendered, no client JavaScript. On screen a list of
// recipes with a contents list; printed, a compact sheet in two columns (CheatSheet.css).
import { CodeBlock } from '@/components/mdx/CodeBlock'
import { Markdown } from '@/components/exercise/Markdown'
import type { CheatSheet as Sheet, Recipe } from '@/lib/content/cheatsheet'
import './CheatSheet.css'

function RecipeSection({ recipe }: { recipe: Recipe }) {
  const titleId = `${recipe.id}-title`
  return (
    <section className="cheatsheet-recipe" id={recipe.id} aria-labelledby={titleId}>
      <h2 id={titleId} className="heading">
        <a href={`#${recipe.id}`} className="heading-anchor">
          {recipe.title}
        </a>
      </h2>
      <div className="cheatsheet-use">
        <Markdown text={recipe.use} />
      </div>
      <CodeBlock>
        <code className="language-yaml">{recipe.yaml}</code>
      </CodeBlock>
      {recipe.notes.length > 0 && (
        <ul className="cheatsheet-notes">
          {recipe.notes.map((n) => (
            <li key={n}>
              <Markdown text={n} />
            </li>
          ))}
        </ul>
      )}
      <details className="cheatsheet-verify">
        <summary>Checked on the simulated cluster</summary>
        <ul>
          {recipe.verify.map((f) => (
            <li key={`${f.from} ${f.to} ${f.port}`}>
              <code>
                {f.from} → {f.to} {f.port}
              </code>{' '}
              <span className={`cheatsheet-verdict cheatsheet-verdict-${f.expect}`}>{f.expect}</span>
            </li>
          ))}
        </ul>
      </details>
    </section>
  )
}

export function CheatSheet({ sheet }: { sheet: Sheet }) {
  return (
    <main id="main" tabIndex={-1} className="cheatsheet">
      <header className="lesson-header cheatsheet-header">
        <p className="lesson-chapter">Cheat sheet</p>
        <h1>{sheet.title}</h1>
        <p className="cheatsheet-intro">{sheet.intro}</p>
        <p className="cheatsheet-print-hint">
          Print this page (Ctrl+P or ⌘P) for a compact copy without the site around it.
        </p>
      </header>
      <nav className="cheatsheet-toc" aria-label="Recipes">
        <ol>
          {sheet.recipes.map((r) => (
            <li key={r.id}>
              <a href={`#${r.id}`}>{r.title}</a>
            </li>
          ))}
        </ol>
      </nav>
      <div className="prose cheatsheet-recipes">
        {sheet.recipes.map((r) => (
          <RecipeSection key={r.id} recipe={r} />
        ))}
      </div>
    </main>
  )
}
