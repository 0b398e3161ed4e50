/** The site's theme: VitePress's default theme, plus a wide layout for table pages; the playground registers its component on its own page. */
import DefaultTheme from 'vitepress/theme';
import './custom.css';

export default DefaultTheme;
