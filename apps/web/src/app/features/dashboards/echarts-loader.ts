/**
 * ECharts, loaded only when the dashboard is opened (a dynamic import inside the lazily loaded
 * dashboards route), and only the pieces the charts use, so the app's initial bundle stays small.
 */
export async function loadECharts() {
  const [core, charts, components, renderers] = await Promise.all([
    import('echarts/core'),
    import('echarts/charts'),
    import('echarts/components'),
    import('echarts/renderers'),
  ]);
  core.use([charts.BarChart, components.GridComponent, components.LegendComponent, components.TooltipComponent, components.AriaComponent, renderers.SVGRenderer]);
  return core;
}

export type EChartsCore = Awaited<ReturnType<typeof loadECharts>>;
