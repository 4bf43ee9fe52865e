/** The browser entry: the palette and theme first (no flash of the wrong theme), then the app mounted into #app. */
import { mount } from 'svelte'
import App from './ui/App.svelte'
import { installPalette } from './ui/theme/palette'
import './ui/app.css'

const target = document.getElementById('app')
if (!target) throw new Error('index.html has no #app element')

installPalette(document)

export default mount(App, { target })
