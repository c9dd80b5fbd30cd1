// The colour theme: "light" or "dark" in <html data-theme>, an explicit choice kept in
// localStorage, otherwise the system's preference. THEME_SCRIPT runs inline in <head>
// before the first paint, so a page never flashes the wrong theme.

export const THEME_KEY = 'podnet-lab:theme'

export type Theme = 'light' | 'dark'

export const THEME_SCRIPT = `(function(){try{var d=document.documentElement,s=localStorage.getItem(${JSON.stringify(
  THEME_KEY,
)});d.dataset.theme=s==="light"||s==="dark"?s:matchMedia("(prefers-color-scheme: dark)").matches?"dark":"light"}catch(e){}})()`
