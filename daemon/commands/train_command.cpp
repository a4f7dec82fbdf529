// hatewatch train: trains a model from a labelled CSV and writes the model file.
#include "core/model_file.hpp"
#include "core/trainer.hpp"
#include "daemon/commands/command.hpp"
#include "daemon/commands/dataset_file.hpp"
#include "daemon/commands/train_flags.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <ostream>

namespace hatewatch::daemon {
namespace {

class train_command : public command {
public:
  explicit train_command(CLI::App& parent) {
    app_ = parent.add_subcommand("train", "Train a model from a labelled CSV (Davidson format or text,label)");
    app_->add_option("--data", data_, "Training CSV")->required()->check(CLI::ExistingFile);
    app_->add_option("--out", out_, "Model file to write")->required();
    app_->add_option("--name", name_, "Model name, recorded in the file and its version (default: --out's stem)");
    flags_.add_to(*app_);
  }

  int run(std::ostream& out, std::ostream& err) override {
    try {
      const auto options = flags_.to_options();
      const auto started = std::chrono::steady_clock::now();
      const auto data = read_dataset_file(data_);
      const auto name = name_.empty() ? std::filesystem::path(out_).stem().string() : name_;
      const auto m = core::train(data, options, {}, {{"name", name}});
      // Write beside the target and rename, so a failed run never leaves half a model in place.
      const auto tmp = out_ + ".tmp";
      std::uint64_t sum;
      {
        std::ofstream file(tmp, std::ios::binary | std::ios::trunc);
        if (!file)
          throw std::runtime_error("cannot create " + tmp);
        sum = core::write_model(m, file);
        file.close();
        if (!file)
          throw std::runtime_error("cannot write " + tmp);
      }
      std::filesystem::rename(tmp, out_);
      const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      out << "trained " << core::model_version(m.info(), sum) << " on " << data.size() << " examples, "
          << m.table().size() << " features, in " << seconds << " s -> " << out_ << '\n';
      return 0;
    } catch (const std::exception& e) {
      err << "hatewatch train: " << e.what() << '\n';
      return 1;
    }
  }

private:
  std::string data_, out_, name_;
  train_flags flags_;
};

} // namespace

std::unique_ptr<command> make_train_command(CLI::App& parent) {
  return std::make_unique<train_command>(parent);
}

} // namespace hatewatch::daemon
