import { createApp } from 'vue'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import App from './App.vue'
import { i18n } from './core/i18n.js'
import { router } from './core/router.js'
import EnumRadios from './core/components/EnumRadios.vue'
import EnumSelect from './core/components/EnumSelect.vue'
import FormDialog from './core/components/FormDialog.vue'
import ListPager from './core/components/ListPager.vue'
import LoadError from './core/components/LoadError.vue'
import PageCard from './core/components/PageCard.vue'
import DateRange from './core/components/DateRange.vue'
import RegionTreeSelect from './core/components/RegionTreeSelect.vue'
import TextField from './core/components/TextField.vue'
import './style.css'

createApp(App)
  .use(i18n)
  .use(ElementPlus)
  .use(router)
  .component('EnumRadios', EnumRadios)
  .component('EnumSelect', EnumSelect)
  .component('FormDialog', FormDialog)
  .component('ListPager', ListPager)
  .component('LoadError', LoadError)
  .component('PageCard', PageCard)
  .component('DateRange', DateRange)
  .component('RegionTreeSelect', RegionTreeSelect)
  .component('TextField', TextField)
  .mount('#app')
