/** nomachines/no-container-image: functions packaged as container images. */
import { asString } from '../../model/values';
import type { Rule } from '../types';
import { describeFunctions, settingReport } from '../helpers';

export const noContainerImage: Rule = {
  meta: {
    id: 'nomachines/no-container-image',
    tenet: 'nomachines',
    description: 'Flags functions packaged as container images (PackageType: Image).',
    why: 'No machines, VMs or containers in the programming model: an image makes you own a base OS, its patching, a registry and an image build, and runtime updates stop being automatic.',
    alternative:
      'A zip package on a managed runtime (nodejs, python, java, dotnet, ruby) with dependencies in the package or a layer; AWS patches the runtime for you.',
    justified:
      'Dependencies beyond the 250 MB unzipped limit (up to 10 GB in an image), native libraries a managed runtime cannot load, or an organisation-wide container toolchain.',
    severity: { recommended: 'warning', strict: 'error', relaxed: 'info' },
    fixable: 'none',
    messages: {
      image:
        '{{setting}} ships {{functions}} as a container image: you own the base image, its patching and a registry, instead of a managed runtime.',
    },
  },
  scope: 'function',
  check(context) {
    const format = context.model.format;
    for (const setting of context.model.settings('packageType')) {
      const packaging = asString(setting.value);
      if (packaging !== 'Image') continue;
      // `PackageType Image`, or the format's word for it where the setting has the format's name.
      const said =
        setting.name === format.nameOf('packageType')
          ? format.statement?.('packageType', packaging)
          : undefined;
      context.report(
        settingReport(setting.site, setting.functions, {
          messageId: 'image',
          data: {
            setting: said ?? `${setting.name} ${packaging}`,
            functions: describeFunctions(setting.functions),
          },
        }),
      );
    }
  },
};
