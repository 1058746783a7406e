import { createApp } from 'vue'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import App from './App.vue'
import { i18n } from './core/i18n.js'
import { router } from './core/router.js'
import './style.css'

createApp(App).use(i18n).use(ElementPlus).use(router).mount('#app')
