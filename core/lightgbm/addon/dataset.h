// A LightGBM dataset built from a row-major matrix, as a JS class.
#pragma once
#include "napi_helpers.h"

namespace candlecast {

class Dataset : public Napi::ObjectWrap<Dataset> {
 public:
  static Napi::Function Init(Napi::Env env) {
    return DefineClass(env, "Dataset", {
      InstanceMethod("setField", &Dataset::SetField),
      InstanceMethod("setFeatureNames", &Dataset::SetFeatureNames),
      InstanceMethod("numData", &Dataset::NumData),
      InstanceMethod("numFeature", &Dataset::NumFeature),
      InstanceMethod("dispose", &Dataset::Dispose),
    });
  }

  // new Dataset(data, nrow, ncol, params, reference?)
  explicit Dataset(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Dataset>(info) {
    Napi::Env env = info.Env();
    MatrixArg m = ReadMatrix(info[0], "data");
    int32_t nrow = ReadInt(info, 1, "nrow");
    int32_t ncol = ReadInt(info, 2, "ncol");
    std::string params = ReadString(info, 3, "params");
    if (nrow <= 0 || ncol <= 0) throw Napi::RangeError::New(env, "dataset needs at least one row and one column");
    if (static_cast<size_t>(nrow) * static_cast<size_t>(ncol) != m.length) {
      throw Napi::RangeError::New(env, "data length " + std::to_string(m.length) + " != nrow * ncol (" +
                                           std::to_string(nrow) + " * " + std::to_string(ncol) + ")");
    }
    DatasetHandle ref = nullptr;
    if (info.Length() > 4 && info[4].IsObject()) {
      Dataset* r = Napi::ObjectWrap<Dataset>::Unwrap(info[4].As<Napi::Object>());
      if (!r->handle_) throw Napi::Error::New(env, "reference dataset was disposed");
      ref = r->handle_;
      reference_ = Napi::Persistent(info[4].As<Napi::Object>());
    }
    Check(env, LGBM_DatasetCreateFromMat(m.data, m.dtype, nrow, ncol, 1, params.c_str(), ref, &handle_));
  }

  ~Dataset() override { Free(); }

  DatasetHandle handle() const { return handle_; }

 private:
  void Free() {
    if (handle_) {
      LGBM_DatasetFree(handle_);
      handle_ = nullptr;
    }
  }

  DatasetHandle Live(Napi::Env env) {
    if (!handle_) throw Napi::Error::New(env, "dataset was disposed");
    return handle_;
  }

  // setField(name, Float32Array | Float64Array | Int32Array)
  Napi::Value SetField(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    std::string name = ReadString(info, 0, "field name");
    if (!info[1].IsTypedArray()) throw Napi::TypeError::New(env, "field data must be a typed array");
    auto arr = info[1].As<Napi::TypedArray>();
    int n = static_cast<int>(arr.ElementLength());
    if (arr.TypedArrayType() == napi_float32_array) {
      Check(env, LGBM_DatasetSetField(Live(env), name.c_str(), arr.As<Napi::Float32Array>().Data(), n, C_API_DTYPE_FLOAT32));
    } else if (arr.TypedArrayType() == napi_float64_array) {
      // LightGBM keeps labels and weights as float32.
      auto src = arr.As<Napi::Float64Array>();
      std::vector<float> tmp(n);
      for (int i = 0; i < n; ++i) tmp[i] = static_cast<float>(src[i]);
      Check(env, LGBM_DatasetSetField(Live(env), name.c_str(), tmp.data(), n, C_API_DTYPE_FLOAT32));
    } else if (arr.TypedArrayType() == napi_int32_array) {
      Check(env, LGBM_DatasetSetField(Live(env), name.c_str(), arr.As<Napi::Int32Array>().Data(), n, C_API_DTYPE_INT32));
    } else {
      throw Napi::TypeError::New(env, "field data must be Float32Array, Float64Array or Int32Array");
    }
    return env.Undefined();
  }

  Napi::Value SetFeatureNames(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (!info[0].IsArray()) throw Napi::TypeError::New(env, "feature names must be an array of strings");
    auto arr = info[0].As<Napi::Array>();
    std::vector<std::string> names(arr.Length());
    std::vector<const char*> ptrs(arr.Length());
    for (uint32_t i = 0; i < arr.Length(); ++i) {
      names[i] = arr.Get(i).ToString().Utf8Value();
      ptrs[i] = names[i].c_str();
    }
    Check(env, LGBM_DatasetSetFeatureNames(Live(env), ptrs.data(), static_cast<int>(ptrs.size())));
    return env.Undefined();
  }

  Napi::Value NumData(const Napi::CallbackInfo& info) {
    int32_t n = 0;
    Check(info.Env(), LGBM_DatasetGetNumData(Live(info.Env()), &n));
    return Napi::Number::New(info.Env(), n);
  }

  Napi::Value NumFeature(const Napi::CallbackInfo& info) {
    int32_t n = 0;
    Check(info.Env(), LGBM_DatasetGetNumFeature(Live(info.Env()), &n));
    return Napi::Number::New(info.Env(), n);
  }

  Napi::Value Dispose(const Napi::CallbackInfo& info) {
    Free();
    reference_.Reset();
    return info.Env().Undefined();
  }

  DatasetHandle handle_ = nullptr;
  Napi::ObjectReference reference_;
};

}  // namespace candlecast
