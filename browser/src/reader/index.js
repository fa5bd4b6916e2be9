// Entry of the reader bundle (reader.<hash>.js): starts when the page has been parsed.
import { boot } from './reader.js';

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot, { once: true });
else boot();
