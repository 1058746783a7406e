// Vite build of the wushe web UI. The C server serves web/dist for every
// non-/api path (SPA fallback to index.html), so the base is '/'. In
// development, /api is proxied to a locally running `wushe serve`.
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { fileURLToPath, URL } from 'node:url'

export default defineConfig({
  base: '/',
  plugins: [vue()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  define: {
    __VUE_OPTIONS_API__: 'true',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'true',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        // Long-lived vendor chunks; ECharts stays with the pages that chart.
        codeSplitting: {
          groups: [
            { name: 'vendor-element', test: /node_modules[\\/](element-plus|@element-plus|@floating-ui|@vueuse|async-validator|dayjs|lodash|lodash-es|lodash-unified|memoize-one|normalize-wheel-es|@ctrl)[\\/]/ },
            { name: 'vendor-vue', test: /node_modules[\\/](vue|@vue|vue-router|vue-i18n|@intlify)[\\/]/ },
            { name: 'vendor-echarts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/ },
          ],
        },
      },
    },
  },
})
