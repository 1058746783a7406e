import { createApp } from 'vue'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import App from './App.vue'
import { i18n } from './core/i18n.js'
import { router } from './core/router.js'
import EnumSelect from './core/components/EnumSelect.vue'
import FormDialog from './core/components/FormDialog.vue'
import ListPager from './core/components/ListPager.vue'
import PageCard from './core/components/PageCard.vue'
import RegionTreeSelect from './core/components/RegionTreeSelect.vue'
import './style.css'

createApp(App)
  .use(i18n)
  .use(ElementPlus)
  .use(router)
  .component('EnumSelect', EnumSelect)
  .component('FormDialog', FormDialog)
  .component('ListPager', ListPager)
  .component('PageCard', PageCard)
  .component('RegionTreeSelect', RegionTreeSelect)
  .mount('#app')
